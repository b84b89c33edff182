from datetime import datetime
from flask import render_template_string, session, redirect, url_for
from flask.ext.login import current_user
from . import main
from .forms import NameForm

PAGE = u'''{{ moment(current_time).format('LLL') }}
<p>{% if user %}Hello {{ user }}{% else %}Stranger{% endif %}</p>
<form method="post">{{ form.hidden_tag() }}{{ form.name() }}</form>'''


@main.route('/', methods=['GET', 'POST'])
def index():
    form = NameForm()
    if form.validate_on_submit():
        session['name'] = form.name.data
        return redirect(url_for('.index'))
    user = session.get('name')
    if current_user.is_authenticated():
        user = current_user.email
    return render_template_string(PAGE, form=form, user=user,
                                  current_time=datetime.utcnow())
