# -*- coding: utf-8 -*-
"""notes: a one-file note keeper, the way 2012 tutorials wrote them."""
import os

from flask import Flask, Markup, flash, jsonify, redirect, render_template_string, request, url_for
from flask.ext.sqlalchemy import SQLAlchemy
from flask.ext.login import LoginManager, UserMixin, current_user, login_required, login_user
from flaskext.wtf import Form, TextField, PasswordField, Required

app = Flask(__name__)
app.config['SECRET_KEY'] = 'devkey'
app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///' + os.path.join(
    os.path.dirname(os.path.abspath(__file__)), 'notes.db')
db = SQLAlchemy(app)
login_manager = LoginManager()
login_manager.setup_app(app)


class User(db.Model, UserMixin):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True)


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.Text)


class LoginForm(Form):
    name = TextField('Name', validators=[Required()])
    password = PasswordField('Password')


@login_manager.user_loader
def load_user(userid):
    return User.query.get(int(userid))


@app.before_first_request
def init_db():
    db.create_all()


@app.route('/')
def index():
    notes = Note.query.all()
    body = Markup(u'<ul>%s</ul>') % u''.join(u'<li>%s</li>' % n.text for n in notes)
    return render_template_string(u'<h1>Notes</h1>{{ body }}', body=body)


@app.route('/notes.json')
def notes_json():
    return jsonify(notes=[n.text for n in Note.query.all()])


@app.route('/login', methods=['GET', 'POST'])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = User.query.filter_by(name=form.name.data).first()
        if user is not None:
            login_user(user)
            return redirect(url_for('index'))
        flash('unknown user')
    return render_template_string(u'{{ form.name() }}', form=form)


@app.route('/add', methods=['POST'])
@login_required
def add():
    db.session.add(Note(text=request.form['text']))
    db.session.commit()
    return redirect(url_for('index'))


if __name__ == '__main__':
    app.run(debug=True)
