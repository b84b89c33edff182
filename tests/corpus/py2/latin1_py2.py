# -*- coding: latin-1 -*-
# Vieux code de 2011 : encodé en latin-1, avec des accents é à ü.
from flaskext.sqlalchemy import SQLAlchemy
from flask.ext.babel import Babel

db = SQLAlchemy()
babel = Babel()


def bonjour(nom):
    print u"Bonjour, %s ! Ça va ?" % nom
