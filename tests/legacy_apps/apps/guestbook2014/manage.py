#!/usr/bin/env python
from flask.ext.script import Manager

from guestbook import app
from guestbook.views import ENTRIES

manager = Manager(app)


@manager.command
def clear():
    """Forget every entry."""
    del ENTRIES[:]


if __name__ == '__main__':
    manager.run()
