"""Tests of the whole portal, across every app (access sweep, accessibility).

They live outside the apps because they import all of them: inside an app they would break
the app order that import-linter checks.
"""
