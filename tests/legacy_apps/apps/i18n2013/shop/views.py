from decimal import Decimal

from flask import jsonify, render_template_string
from flask.ext.babel import gettext as _

from shop import app, cache

PRODUCTS = [{'name': u'Teapot', 'price': Decimal('19.90')}]


@app.route('/')
@cache.cached(timeout=50)
def index():
    return render_template_string(
        u'<h1>{{ title }}</h1>{% for p in products %}{{ p.price|price }}{% endfor %}',
        title=_(u'Products'), products=PRODUCTS)


@app.route('/products.json')
def products():
    return jsonify(products=PRODUCTS)
