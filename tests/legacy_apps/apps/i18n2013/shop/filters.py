from jinja2 import contextfilter, Markup

from shop import app


@contextfilter
def price(context, value):
    currency = context.get('currency', u'EUR')
    return Markup(u'<span class="price">%s %s</span>') % (value, currency)


app.jinja_env.filters['price'] = price
