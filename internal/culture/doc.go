// Package culture keeps the culture of professionalism: the code of ethics
// (versioned texts of the BerAKHLAK core values and the city's own code,
// each employee's acknowledgement of the current version, and the
// integrity pacts of the selection's staff read per period and person) and
// the ASN forum (threads under fixed topics, replies, tags, votes, the
// solution the thread's author marks, the inovasi collection of solutions
// that units adopted, full-text search, moderation, reply notifications).
//
// It never imports net/http. It reads the people it needs through Staff
// (workforce gives it), and joins the employees' names in its list queries
// ("Joins across parts"), since a query per row would cost more.
package culture
