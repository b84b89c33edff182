from flask.ext.admin import Admin, BaseView, expose
from flask.ext.admin.contrib.sqla import ModelView
from flask.ext.admin.contrib.fileadmin import FileAdmin
from flask.ext import login

from .models import db, User, Post


class AuthMixin(object):
    def is_accessible(self):
        return login.current_user.is_authenticated()


class UserAdmin(AuthMixin, ModelView):
    column_exclude_list = ["password_hash"]


class StatsView(AuthMixin, BaseView):
    @expose("/")
    def index(self):
        return self.render("admin/stats.html", users=User.query.count())


def init_admin(app):
    admin = Admin(app, name="Blog")
    admin.add_view(UserAdmin(User, db.session))
    admin.add_view(ModelView(Post, db.session))
    admin.add_view(StatsView(name="Stats"))
    admin.add_view(FileAdmin(app.static_folder, "/static/", name="Static"))
    return admin
