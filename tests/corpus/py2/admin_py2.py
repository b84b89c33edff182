from flask.ext.admin import Admin, BaseView, expose
from flask.ext.admin.contrib import sqlamodel
from flask.ext import (
    login,   # current_user, login_required
    principal,
)

admin = Admin(name='Backoffice')


class Home(BaseView):
    @expose('/')
    def index(self):
        if not login.current_user.is_authenticated():
            print 'anonymous admin access'
        return self.render('admin/index.html')

    def is_accessible(self):
        return principal.Permission().can()


def init(app, db, models):
    admin.init_app(app)
    for model in models:
        admin.add_view(sqlamodel.ModelView(model, db.session))
    exec "admin.index_view = Home()"
