import io

from flask import render_template_string, redirect, request, url_for, flash, \
    send_file, current_app
from flask.ext.login import login_user, logout_user, login_required, \
    current_user

from microblog import app, db
from microblog.forms import LoginForm, PostForm
from microblog.models import User, Post

INDEX = u"""<!doctype html>
<title>Microblog</title>
{% for message in get_flashed_messages() %}<p>{{ message }}</p>{% endfor %}
{% if current_user.is_authenticated() %}
<form method="post">{{ form.body() }} {{ form.submit() }}</form>
{% endif %}
<ul>{% for post in posts %}<li>{{ post.body }}</li>{% endfor %}</ul>
"""

LOGIN = u"""<!doctype html>
<form method="post">{{ form.username() }} {{ form.password() }}
{{ form.submit() }}</form>
"""


@app.before_first_request
def create_tables():
    db.create_all()


@app.route('/', methods=['GET', 'POST'])
def index():
    form = PostForm()
    if current_user.is_authenticated() and form.validate_on_submit():
        post = Post(body=form.body.data,
                    author=current_user._get_current_object())
        db.session.add(post)
        flash('Your post is live.')
        return redirect(url_for('index'))
    page = request.args.get('page', 1, type=int)
    pagination = Post.query.order_by(Post.timestamp.desc()).paginate(
        page, current_app.config['POSTS_PER_PAGE'], False)
    return render_template_string(INDEX, form=form, posts=pagination.items)


@app.route('/login', methods=['GET', 'POST'])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = User.query.filter_by(username=form.username.data).first()
        if user is not None and user.verify_password(form.password.data):
            login_user(user)
            return redirect(request.args.get('next') or url_for('index'))
        flash('Invalid username or password.')
    return render_template_string(LOGIN, form=form)


@app.route('/logout')
@login_required
def logout():
    logout_user()
    return redirect(url_for('index'))


@app.route('/export')
@login_required
def export():
    lines = [post.body for post in current_user.posts]
    data = io.BytesIO(u'\n'.join(lines).encode('utf-8'))
    return send_file(data, mimetype='text/plain', as_attachment=True,
                     attachment_filename='posts.txt')
