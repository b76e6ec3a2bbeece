-- Where a blob's bytes are: 'db' (blobs.data, the default) or 'file' (under
-- the server's --blob-dir, named by the SHA-256; blobs.data is then empty).
ALTER TABLE blobs ADD COLUMN location TEXT NOT NULL DEFAULT 'db';
