"""Tests of flask_sqlite3, flaskext.sqlite3 and the guestbook example."""
