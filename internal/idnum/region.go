package idnum

// Region codes asnpro names. Source: Kemendagri's administrative region
// codes (kode wilayah; Permendagri 72/2019, Kepmendagri 100.1.1-6117/2022)
// as used by Dukcapil in NIKs, including the four Papua provinces formed in
// 2022 (93 Papua Selatan, 94 Papua Tengah, 95 Papua Pegunungan, 96 Papua
// Barat Daya). Where BPS numbers differently, Kemendagri's code is the
// NIK's.
const (
	KalimantanTengah  = "62"
	KotaPalangkaRaya  = "6271"
	provinceCodeCount = 38
)

var provinces = map[string]string{
	"11": "Aceh",
	"12": "Sumatera Utara",
	"13": "Sumatera Barat",
	"14": "Riau",
	"15": "Jambi",
	"16": "Sumatera Selatan",
	"17": "Bengkulu",
	"18": "Lampung",
	"19": "Kepulauan Bangka Belitung",
	"21": "Kepulauan Riau",
	"31": "DKI Jakarta",
	"32": "Jawa Barat",
	"33": "Jawa Tengah",
	"34": "DI Yogyakarta",
	"35": "Jawa Timur",
	"36": "Banten",
	"51": "Bali",
	"52": "Nusa Tenggara Barat",
	"53": "Nusa Tenggara Timur",
	"61": "Kalimantan Barat",
	"62": "Kalimantan Tengah",
	"63": "Kalimantan Selatan",
	"64": "Kalimantan Timur",
	"65": "Kalimantan Utara",
	"71": "Sulawesi Utara",
	"72": "Sulawesi Tengah",
	"73": "Sulawesi Selatan",
	"74": "Sulawesi Tenggara",
	"75": "Gorontalo",
	"76": "Sulawesi Barat",
	"81": "Maluku",
	"82": "Maluku Utara",
	"91": "Papua",
	"92": "Papua Barat",
	"93": "Papua Selatan",
	"94": "Papua Tengah",
	"95": "Papua Pegunungan",
	"96": "Papua Barat Daya",
}

// Kalimantan Tengah's 13 regencies (kabupaten) and 1 city (kota), by
// Kemendagri's codes, which NIKs use (Permendagri 72/2019; Kepmendagri
// 100.1.1-6117/2022). BPS numbers 6206–6213 differently (6206 Sukamara,
// 6209 Katingan, …): those codes are not the NIK's.
var regencies = map[string]string{
	"6201": "Kotawaringin Barat",
	"6202": "Kotawaringin Timur",
	"6203": "Kapuas",
	"6204": "Barito Selatan",
	"6205": "Barito Utara",
	"6206": "Katingan",
	"6207": "Seruyan",
	"6208": "Sukamara",
	"6209": "Lamandau",
	"6210": "Gunung Mas",
	"6211": "Pulang Pisau",
	"6212": "Murung Raya",
	"6213": "Barito Timur",
	"6271": "Kota Palangka Raya",
}

// ProvinceName returns the name of a 2-digit province code ("62" →
// "Kalimantan Tengah") and whether the code is one of the 38 provinces.
func ProvinceName(code string) (string, bool) {
	name, ok := provinces[code]
	return name, ok
}

// RegencyName returns the name of a 4-digit regency/city code ("6271" →
// "Kota Palangka Raya") and whether asnpro knows it. Only Kalimantan
// Tengah's codes (62xx) are in the table.
func RegencyName(code string) (string, bool) {
	name, ok := regencies[code]
	return name, ok
}
