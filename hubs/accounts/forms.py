"""Account forms (Flask-WTF: every form carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from hubs.accounts.operations import MAX_EMAIL, MAX_PASSWORD, MIN_PASSWORD


#: WTForms' own message reads "10 以上, 128 文字以内" in Japanese: an English comma and no subject.
PASSWORD_LENGTH = Length(min=MIN_PASSWORD, max=MAX_PASSWORD,
                         message=_l("The password must be %(min)d to %(max)d characters long."))
#: WTForms' own message names the other field by its key ("フィールドは password で…").
SAME_PASSWORD = EqualTo("password", message=_l("The two passwords are not the same."))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=MAX_EMAIL)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])


class RegisterForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=MAX_EMAIL)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(_l("Repeat password"), validators=[DataRequired(), SAME_PASSWORD])


class CreateStaffForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=MAX_EMAIL)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), PASSWORD_LENGTH])
    role = SelectField(_l("Role"), choices=[SelectChoice("coordinator", _l("Coordinator")),
                                                    SelectChoice("admin", _l("Administrator"))])


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons such as log out."""


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    password = PasswordField(_l("New password"), validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(_l("Repeat new password"), validators=[DataRequired(), SAME_PASSWORD])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(_l("Repeat new password"), validators=[DataRequired(), SAME_PASSWORD])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language of notices and e-mail"),
                           choices=[SelectChoice("ja", _l("Japanese")), SelectChoice("en", _l("English"))])
