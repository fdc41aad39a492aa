// Every widget module, imported for its register() call.
