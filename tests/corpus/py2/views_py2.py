from flask import request, jsonify, abort
import flask.ext.login
from flask.ext.cache import Cache

from app import app

cache = Cache(app)


@app.route('/api/me')
@flask.ext.login.login_required
def me():
    user = flask.ext.login.current_user
    return jsonify(id=user.id, repr=`user`)


@app.route('/api/items/<int:item_id>')
@cache.cached(timeout=50)
def item(item_id):
    if item_id > 0777:
        abort(404)
    try:
        return jsonify(item=load(item_id))
    except KeyError, e:
        print 'missing item', item_id, e
        abort(404)


def load(item_id):
    return {'id': item_id, 'big': 10L ** 20}
