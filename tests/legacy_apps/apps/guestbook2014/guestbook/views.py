# -*- coding: utf-8 -*-
import io

from flask import escape, Markup, render_template_string, send_file
from jinja2 import evalcontextfilter
from werkzeug import cached_property, secure_filename

from guestbook import app
from guestbook.forms import EntryForm

ENTRIES = []


class Stats(object):
    def __init__(self, entries):
        self.entries = entries

    @cached_property
    def count(self):
        return len(self.entries)


@evalcontextfilter
def nl2br(eval_ctx, value):
    result = u'<br>'.join(escape(part) for part in value.split(u'\n'))
    if eval_ctx.autoescape:
        result = Markup(result)
    return result


app.jinja_env.filters['nl2br'] = nl2br

PAGE = u'''<h1>Guestbook ({{ stats.count }})</h1>
{% for e in entries %}<p>{{ e.author }}: {{ e.message|nl2br }}</p>{% endfor %}
<form method="post">{{ form.csrf_token }}{{ form.author() }}{{ form.message() }}</form>'''


@app.route('/', methods=['GET', 'POST'])
def index():
    form = EntryForm()
    if form.validate_on_submit():
        ENTRIES.append({'author': form.author.data, 'message': form.message.data})
    return render_template_string(PAGE, form=form, entries=ENTRIES, stats=Stats(ENTRIES))


@app.route('/export/<name>')
def export(name):
    lines = u'\n'.join(u'%(author)s: %(message)s' % e for e in ENTRIES)
    return send_file(io.BytesIO(lines.encode('utf-8')), mimetype='text/plain',
                     as_attachment=True,
                     attachment_filename=secure_filename(name) + '.txt',
                     cache_timeout=60)
