#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""validate.py DEF [FILE]: check JSON (one document, or one per line with
--lines) against $defs/DEF of multisactl.schema.json; print why not."""
import json, os, sys
import jsonschema

here = os.path.dirname(os.path.abspath(__file__))
schema = json.load(open(os.path.join(here, "multisactl.schema.json")))
args = [a for a in sys.argv[1:] if a != "--lines"]
name = args[0]
text = open(args[1]).read() if len(args) > 1 else sys.stdin.read()
docs = [json.loads(l) for l in text.splitlines() if l.strip()] \
    if "--lines" in sys.argv else [json.loads(text)]
sub = {"$schema": schema["$schema"], "$defs": schema["$defs"],
       "$ref": "#/$defs/" + name}
validator = jsonschema.Draft202012Validator(sub)
bad = 0
for d in docs:
    for e in validator.iter_errors(d):
        bad += 1
        print("%s: %s at %s" % (name, e.message, "/".join(map(str, e.absolute_path))))
print("%s: %d document(s), %s" % (name, len(docs), "valid" if not bad else "%d error(s)" % bad))
sys.exit(1 if bad else 0)
