#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A small Markdown -> man(7) converter for our pages (the Makefile runs it).

usage: md2man.py NAME SECTION DATE VERSION < page.md > page.SECTION
Handles what our pages use: # title line (skipped), ## headings, paragraphs,
- bullets, ``` code blocks, | tables | (one .TP per row), `code`, **bold**.
"""
import re
import sys


def inline(t):
    t = t.replace('\\', '\\\\').replace('-', '\\-')
    t = re.sub(r'\*\*(.+?)\*\*', r'\\fB\1\\fR', t)
    t = re.sub(r'`([^`]+)`', r'\\fB\1\\fR', t)
    return t


def row(line):
    return [c.strip() for c in line.strip().strip('|').split('|')]


def convert(name, sec, date, version, lines):
    out = ['.TH %s %s "%s" "multisa %s" "multisa"' % (name.upper(), sec, date,
                                                     version)]
    code = False
    header = None
    for line in lines:
        s = line.rstrip('\n')
        if s.startswith('```'):
            out.append('.EX' if not code else '.EE')
            code = not code
            continue
        if code:
            out.append(s.replace('\\', '\\\\').replace('-', '\\-')
                       if not s.startswith('.') else '\\&' + s)
            continue
        if s.startswith('# '):
            continue
        if s.startswith('## '):
            out.append('.SH ' + s[3:].upper())
            continue
        if s.startswith('|'):
            cells = row(s)
            if all(re.fullmatch(r':?-+:?', c) for c in cells):
                continue
            if header is None:
                header = cells
                continue
            out.append('.TP')
            out.append(inline(cells[0]))
            out.append(inline('; '.join('%s: %s' % (h, c) for h, c in
                                        zip(header[1:], cells[1:]))))
            continue
        header = None
        if s.startswith('- '):
            out.append('.IP \\(bu 2')
            out.append(inline(s[2:]))
        elif not s.strip():
            out.append('.PP')
        else:
            out.append(inline(s.lstrip()))
    return '\n'.join(out) + '\n'


if __name__ == '__main__':
    sys.stdout.write(convert(sys.argv[1], sys.argv[2], sys.argv[3],
                             sys.argv[4], sys.stdin.readlines()))
