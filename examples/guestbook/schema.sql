-- Run at every start of the guestbook (and by "flask sqlite3 init").
-- IF NOT EXISTS: the first start creates the table, later ones keep it.
CREATE TABLE IF NOT EXISTS entry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    message TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
