#!/usr/bin/env python
from flask.ext.script import Manager, Shell

from microblog import app, db
from microblog.models import User, Post

manager = Manager(app)


def make_shell_context():
    return dict(app=app, db=db, User=User, Post=Post)


manager.add_command("shell", Shell(make_context=make_shell_context))


@manager.command
def createdb():
    """Create the database tables."""
    db.create_all()


if __name__ == '__main__':
    manager.run()
