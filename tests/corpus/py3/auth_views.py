from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.ext.login import (LoginManager, current_user, login_required,
                             login_user, logout_user)
from flask.ext.principal import Identity, AnonymousIdentity, identity_changed

from .forms import LoginForm
from .models import User

auth = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"


@login_manager.user_loader
def load_user(user_id):
    return User.query.get(int(user_id))


@auth.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = User.query.filter_by(email=form.email.data).first()
        if user is not None and user.check_password(form.password.data):
            login_user(user, request.form.get("remember"))
            identity_changed.send(auth, identity=Identity(user.id))
            return redirect(request.args.get("next") or url_for("main.index"))
        flash("Invalid username or password.")
    return render_template("auth/login.html", form=form)


@auth.route("/logout")
@login_required
def logout():
    logout_user()
    identity_changed.send(auth, identity=AnonymousIdentity())
    return redirect(url_for("main.index"))
