#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check the layering of scripts/layers.conf over the tree and the objects.

usage: layers.py CONF SRCROOT [SRCROOT...] -- OBJ...

1. every #include "x" of a file under ike/ or user/ names a file of its
   own folder or of a folder it may use;
2. every symbol an object needs that another of our objects defines is
   defined in its own folder or one it may use;
3. no loop of calls between the files of one folder.
Prints one line per violation and exits 1 if there is any.
"""
import os
import re
import subprocess
import sys


def read_conf(path):
    deps = {}
    for line in open(path):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        name, _, rest = line.partition(':')
        deps[name.strip()] = rest.split()
    return deps


def closure(deps):
    allowed = {}

    def walk(f, seen):
        for d in deps.get(f, []):
            if d not in seen:
                seen.add(d)
                walk(d, seen)
        return seen
    for f in deps:
        allowed[f] = walk(f, {f})
    return allowed


def folder_of(path, deps):
    """The layer folder of a path like .../ike/xchg/auth.c or include/x.h."""
    parts = path.replace('\\', '/').split('/')
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in ('ike', 'user', 'include'):
            d = '/'.join(parts[i:-1])
            return d if d in deps else None
    return None


def check_includes(roots, deps, allowed, errs):
    for root in roots:
        for top in ('ike', 'user'):
            for d, _, files in os.walk(os.path.join(root, top)):
                for f in sorted(files):
                    if f.endswith(('.c', '.h')):
                        include_errs(os.path.join(d, f), root, roots,
                                     deps, allowed, errs)


def include_errs(path, root, roots, deps, allowed, errs):
    me = folder_of(os.path.relpath(path, root), deps)
    if me is None:
        return
    for n, line in enumerate(open(path, errors='replace'), 1):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if not m:
            continue
        found = resolve(m.group(1), os.path.dirname(path), roots)
        if found is None:
            continue        # generated (skeletons) or a system header
        to = folder_of(os.path.relpath(found[1], found[0]), deps)
        if to is not None and to not in allowed[me]:
            errs.append('%s:%d: %s includes "%s" (%s): not a layer it may '
                        'use' % (os.path.relpath(path, root), n, me,
                                 m.group(1), to))


def resolve(name, here, roots):
    """(root, path) of an #include as the compiler finds it: the file's
    own folder, then -Iinclude -Iike -Iuser of each tree."""
    p = os.path.join(here, name)
    if os.path.exists(p):
        for root in roots:
            if os.path.abspath(p).startswith(os.path.abspath(root) + '/'):
                return root, os.path.normpath(p)
    for root in roots:
        for top in ('include', 'ike', 'user'):
            p = os.path.join(root, top, name)
            if os.path.exists(p):
                return root, os.path.normpath(p)
    return None


def symbols(objs):
    defs, needs = {}, {}
    for o in objs:
        out = subprocess.run(['nm', o], capture_output=True, text=True,
                             check=True).stdout
        needs[o] = set()
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in 'TDBRCVW':
                defs[p[2]] = o
            elif len(p) == 2 and p[0] == 'U':
                needs[o].add(p[1])
    return defs, needs


def check_calls(objs, deps, allowed, errs):
    defs, needs = symbols(objs)
    edges = {}
    for o in objs:
        me = folder_of(o, deps)
        for s in sorted(needs[o]):
            t = defs.get(s)
            if t is None or t == o:
                continue
            to = folder_of(t, deps)
            if me is None or to is None:
                continue
            if to not in allowed[me]:
                errs.append('%s calls %s() of %s (%s): not a layer it may '
                            'use' % (short(o), s, short(t), to))
            elif to == me:
                edges.setdefault(o, set()).add(t)
    for loop in cycles(edges):
        errs.append('call loop inside %s: %s' % (
            folder_of(loop[0], deps), ' -> '.join(short(x) for x in loop)))


def short(o):
    parts = o.split('/')
    for i in range(len(parts)):
        if parts[i] in ('ike', 'user'):
            return '/'.join(parts[i:])
    return o


def cycles(edges):
    """The strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main(argv):
    if '--' not in argv or len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    sep = argv.index('--')
    conf, roots, objs = argv[1], argv[2:sep], argv[sep + 1:]
    deps = read_conf(conf)
    allowed = closure(deps)
    errs = []
    check_includes(roots, deps, allowed, errs)
    check_calls(objs, deps, allowed, errs)
    for e in errs:
        print('layers: ' + e)
    print('layers: %d folders, %d objects, %d violations' %
          (len(deps), len(objs), len(errs)))
    return 1 if errs else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
