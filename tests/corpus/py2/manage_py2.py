#!/usr/bin/env python
from flask.ext.script import Manager, prompt_bool
from flask.ext import migrate as migrations

from app import app, db

manager = Manager(app)
migrations.Migrate(app, db)
manager.add_command('db', migrations.MigrateCommand)


@manager.command
def dropdb():
    if prompt_bool("Are you sure you want to lose all your data"):
        db.drop_all()
        print "dropped"


@manager.command
def stats():
    for table in db.metadata.sorted_tables:
        print "%-20s %d" % (table.name, db.session.query(table).count())

if __name__ == "__main__":
    manager.run()
