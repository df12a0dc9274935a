#!/usr/bin/env python3
"""Turns `tmux capture-pane -e -p` output (SGR escapes) into an HTML page of
the terminal, for a screenshot with headless Chromium.

    ansi2html.py TITLE < pane.txt > pane.html
"""
import html
import re
import sys

# xterm's 16 colours, then the 6x6x6 cube and the grey ramp.
BASE = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
        "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]


def c256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


FG, BG = "#e0e2ea", "#14161b"  # Neovim 0.10's default dark colours


def convert(text):
    state = {}
    out = []
    for line in text.rstrip("\n").split("\n"):
        parts = re.split(r"\x1b\[([0-9;:]*)m", line)
        row = []
        for i, part in enumerate(parts):
            if i % 2 == 1:
                apply(state, part)
                continue
            if part:
                row.append(span(state, part))
        out.append("".join(row))
    return "\n".join(out)


def apply(state, codes):
    nums = [int(x) if x else 0 for x in re.split(r"[;:]", codes)] if codes else [0]
    i = 0
    while i < len(nums):
        n = nums[i]
        if n == 0:
            state.clear()
        elif n == 1:
            state["bold"] = True
        elif n == 3:
            state["italic"] = True
        elif n in (4, 21):
            state["underline"] = True
        elif n == 7:
            state["reverse"] = True
        elif n == 9:
            state["strike"] = True
        elif n == 22:
            state.pop("bold", None)
        elif n == 23:
            state.pop("italic", None)
        elif n == 24:
            state.pop("underline", None)
        elif n == 27:
            state.pop("reverse", None)
        elif n == 29:
            state.pop("strike", None)
        elif 30 <= n <= 37:
            state["fg"] = BASE[n - 30]
        elif 90 <= n <= 97:
            state["fg"] = BASE[n - 90 + 8]
        elif 40 <= n <= 47:
            state["bg"] = BASE[n - 40]
        elif 100 <= n <= 107:
            state["bg"] = BASE[n - 100 + 8]
        elif n == 39:
            state.pop("fg", None)
        elif n == 49:
            state.pop("bg", None)
        elif n in (38, 48, 58) and i + 1 < len(nums):
            key = {38: "fg", 48: "bg", 58: "ul"}[n]
            if nums[i + 1] == 5 and i + 2 < len(nums):
                state[key] = c256(nums[i + 2])
                i += 2
            elif nums[i + 1] == 2 and i + 4 < len(nums):
                state[key] = "#%02x%02x%02x" % tuple(nums[i + 2:i + 5])
                i += 4
        i += 1


def span(state, text):
    fg, bg = state.get("fg", FG), state.get("bg", BG)
    if state.get("reverse"):
        fg, bg = bg, fg
    style = ["color:" + fg, "background:" + bg]
    if state.get("bold"):
        style.append("font-weight:bold")
    if state.get("italic"):
        style.append("font-style:italic")
    deco = []
    if state.get("underline"):
        deco.append("underline")
    if state.get("strike"):
        deco.append("line-through")
    if deco:
        style.append("text-decoration:" + " ".join(deco))
        if "ul" in state:
            style.append("text-decoration-color:" + state["ul"])
    return '<span style="%s">%s</span>' % (";".join(style), html.escape(text))


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "terminal"
    body = convert(sys.stdin.read())
    sys.stdout.write("""<!doctype html><meta charset="utf-8"><title>%s</title>
<style>body{margin:0;background:%s}pre{margin:0;padding:12px;font:15px/1.3 "DejaVu Sans Mono",monospace;color:%s}</style>
<pre>%s</pre>
""" % (html.escape(title), BG, FG, body))


if __name__ == "__main__":
    main()
