from flask.ext.mail import Mail, Message
from flask import current_app

mail = Mail()


def notify(address, subject, body):
    msg = Message(subject, recipients=[address])
    msg.body = body
    if current_app.debug:
        print "would send to %s: %s" % (address, subject)
        return
    mail.send(msg)
