#!/usr/bin/env python3
"""Reads a terminal screen captured with `tmux capture-pane -p -e` (text with
SGR escapes) for the editor suites in e2e/helix and e2e/emacs, and for the
screenshots of the README (e2e/nvim/screenshot.sh too).

  screen.py style FILE TEXT   prints the style of TEXT's first occurrence on
                              the screen: one line "fg=… bg=… bold strike …"
                              if every character of it has the same style,
                              else one line per distinct style, first to last.
  screen.py html FILE TITLE [FG BG]
                              prints the screen as one HTML page (for the
                              screenshots, shot with headless Chromium), with
                              FG and BG for the terminal's default colours.

Colours are printed as #rrggbb (24-bit escapes as sent, 256 and 16 colours
through xterm's palette) or "default".
"""
import html
import re
import sys

BASE = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
        '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff']
FLAGS = ('bold', 'dim', 'italic', 'underline', 'blink', 'reverse', 'strike')
SGR_ON = {1: 'bold', 2: 'dim', 3: 'italic', 4: 'underline', 5: 'blink', 7: 'reverse', 9: 'strike'}
SGR_OFF = {22: ('bold', 'dim'), 23: ('italic',), 24: ('underline',), 25: ('blink',), 27: ('reverse',),
           29: ('strike',)}


def c256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        v = [0, 95, 135, 175, 215, 255]
        return '#%02x%02x%02x' % (v[n // 36], v[n // 6 % 6], v[n % 6])
    g = 8 + 10 * (n - 232)
    return '#%02x%02x%02x' % (g, g, g)


def extended(params, i):
    """Reads the colour after 38/48/58 at params[i]: (colour, next index)."""
    if i < len(params) and params[i] == 5 and i + 1 < len(params):
        return c256(params[i + 1]), i + 2
    if i < len(params) and params[i] == 2 and i + 3 < len(params):
        r, g, b = params[i + 1:i + 4]
        return '#%02x%02x%02x' % (r, g, b), i + 4
    return None, len(params)


def apply(style, params):
    """Applies one SGR sequence's parameters to style (a dict), in place."""
    if not params:
        params = [0]
    i = 0
    while i < len(params):
        p = params[i]
        i += 1
        if p == 0:
            style.clear()
        elif p in SGR_ON:
            style[SGR_ON[p]] = True
            if p == 4:
                style.pop('curly', None)
        elif p in SGR_OFF:
            for f in SGR_OFF[p]:
                style.pop(f, None)
        elif 30 <= p <= 37 or 90 <= p <= 97:
            style['fg'] = BASE[p - 30] if p < 90 else BASE[p - 90 + 8]
        elif 40 <= p <= 47 or 100 <= p <= 107:
            style['bg'] = BASE[p - 40] if p < 100 else BASE[p - 100 + 8]
        elif p == 39:
            style.pop('fg', None)
        elif p == 49:
            style.pop('bg', None)
        elif p in (38, 48, 58):
            c, i = extended(params, i)
            if c:
                style[{38: 'fg', 48: 'bg', 58: 'ul'}[p]] = c
        elif p == 59:
            style.pop('ul', None)


def cells(text):
    """The screen as lines of (character, style) pairs."""
    lines = []
    style = {}
    for raw in text.split('\n'):
        line = []
        for part in re.split(r'(\x1b\[[0-9;:]*m)', raw):
            if part.startswith('\x1b['):
                body = part[2:-1]
                if ':' in body:
                    # 4:3 (curly underline) and colon colours: keep what matters
                    # (the underline's colour, 58:2::r:g:b, for the pictures).
                    if body.startswith('4:'):
                        style['underline'] = True
                        style['curly'] = True
                    elif body.startswith('58:'):
                        apply(style, [int(x) for x in body.split(':') if x])
                    continue
                apply(style, [int(x) if x else 0 for x in body.split(';')])
                continue
            for ch in part:
                line.append((ch, dict(style)))
        lines.append(line)
    return lines


def describe(style):
    flags = [f for f in FLAGS if style.get(f)]
    return ' '.join(['fg=' + style.get('fg', 'default'), 'bg=' + style.get('bg', 'default')] + flags)


def cmd_style(path, needle):
    for line in cells(open(path, encoding='utf-8', errors='replace').read()):
        s = ''.join(ch for ch, _ in line)
        at = s.find(needle)
        if at < 0:
            continue
        seen = []
        for _, st in line[at:at + len(needle)]:
            d = describe(st)
            if not seen or seen[-1] != d:
                seen.append(d)
        print('\n'.join(seen))
        return 0
    print('not on the screen: %r' % needle, file=sys.stderr)
    return 1


def cmd_html(path, title, fg0='#d4d4d4', bg0='#1e1e1e'):
    out = []
    for line in cells(open(path, encoding='utf-8', errors='replace').read()):
        for ch, st in line:
            fg, bg = st.get('fg', fg0), st.get('bg', bg0)
            if st.get('reverse'):
                fg, bg = bg, fg
            css = ['color:' + fg]
            if bg != bg0:
                css.append('background:' + bg)
            if st.get('bold'):
                css.append('font-weight:bold')
            if st.get('italic'):
                css.append('font-style:italic')
            deco = [d for d, on in (('underline', st.get('underline')), ('line-through', st.get('strike'))) if on]
            if deco:
                css.append('text-decoration:' + ' '.join(deco) + (' wavy' if st.get('curly') else ''))
                if st.get('ul'):
                    css.append('text-decoration-color:' + st['ul'])
            out.append('<span style="%s">%s</span>' % (';'.join(css), html.escape(ch)))
        out.append('\n')
    print('<!doctype html><meta charset="utf-8"><title>%s</title>' % html.escape(title))
    print('<style>body{margin:0;background:%s}pre{margin:0;padding:8px;font:15px/1.25 "DejaVu Sans Mono",monospace}</style>' % bg0)
    print('<pre>%s</pre>' % ''.join(out).rstrip('\n'))
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == 'style':
        return cmd_style(argv[2], argv[3])
    if len(argv) in (4, 6) and argv[1] == 'html':
        return cmd_html(*argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
