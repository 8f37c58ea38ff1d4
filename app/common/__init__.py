"""Helpers shared by every feature, named for what they are: errors, time, text, form
validators and fields, exports. No feature owns them; none of them imports a feature.

(`common` rather than `platform`, which reads like the standard library's module.)"""
