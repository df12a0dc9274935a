package style

import (
	"fmt"
	"strings"
	"time"
)

// relativeDate returns the absolute replacement for a relative date form,
// given the date the story was first published, or false when the form
// names no single date. The rules, for a story published on Friday
// 2025-11-07:
//
//   - yesterday, today, tomorrow: on 6, 7, 8 November; tonight, last night,
//     this morning, yesterday evening…: "on the night of 7 November", "on
//     the morning of 7 November".
//   - A weekday alone or after "on" is the last such day on or before
//     publication ("met on Tuesday" → on 4 November; "on Friday" → on 7
//     November), unless the nearest word marking a tense points ahead
//     ("will", "would", "is due", "expected", a scheduled present such as
//     "opens"; looked for first before the weekday, then after it, within
//     its sentence): then it is the first such day on or after publication
//     ("will reopen on Tuesday" → on 11 November). "said on Monday it
//     would vote on Thursday" reads Monday back and Thursday ahead. "last
//     Tuesday", "next Tuesday" and "this Tuesday" are read differently by
//     different readers and get no replacement.
//   - last/this/next week: "in the week of 27 October" (weeks start on
//     Monday); last/this/next month: "in October"; last/this/next year:
//     "in 2024"; "earlier this month": "earlier in November".
//   - Seasons, weekends, "recently" and "days ago" get none.
//
// A year is added when the date falls in another year than publication.
// After a preposition ("since yesterday", "until next week") the leading
// "on" or "in" is dropped: "since 6 November".
func relativeDate(form, prev string, pub time.Time, future bool) (string, bool) {
	pub = time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	day := func(d time.Time) string {
		if d.Year() != pub.Year() {
			return fmt.Sprintf("%d %s %d", d.Day(), d.Month(), d.Year())
		}
		return fmt.Sprintf("%d %s", d.Day(), d.Month())
	}
	month := func(d time.Time) string {
		if d.Year() != pub.Year() {
			return fmt.Sprintf("%s %d", d.Month(), d.Year())
		}
		return d.Month().String()
	}
	monday := pub.AddDate(0, 0, -((int(pub.Weekday()) + 6) % 7))
	w := strings.Fields(form)
	var out string
	switch {
	case form == "yesterday":
		out = "on " + day(pub.AddDate(0, 0, -1))
	case form == "today":
		out = "on " + day(pub)
	case form == "tomorrow":
		out = "on " + day(pub.AddDate(0, 0, 1))
	case form == "tonight":
		out = "on the night of " + day(pub)
	case form == "last night":
		out = "on the night of " + day(pub.AddDate(0, 0, -1))
	case len(w) == 2 && (w[0] == "this" || w[0] == "yesterday" || w[0] == "tomorrow") && isPartOfDay(w[1]):
		d := pub
		switch w[0] {
		case "yesterday":
			d = pub.AddDate(0, 0, -1)
		case "tomorrow":
			d = pub.AddDate(0, 0, 1)
		}
		out = "on the " + w[1] + " of " + day(d)
	case len(w) == 2 && (w[0] == "last" || w[0] == "this" || w[0] == "next"):
		shift := map[string]int{"last": -1, "this": 0, "next": 1}[w[0]]
		switch w[1] {
		case "week":
			out = "in the week of " + day(monday.AddDate(0, 0, 7*shift))
		case "month":
			out = "in " + month(time.Date(pub.Year(), pub.Month()+time.Month(shift), 1, 0, 0, 0, 0, time.UTC))
		case "year":
			out = fmt.Sprintf("in %d", pub.Year()+shift)
		default:
			return "", false
		}
	case len(w) == 3 && (w[0] == "earlier" || w[0] == "later") && w[1] == "this":
		switch w[2] {
		case "week":
			out = w[0] + " in the week of " + day(monday)
		case "month":
			out = w[0] + " in " + pub.Month().String()
		case "year":
			out = fmt.Sprintf("%s in %d", w[0], pub.Year())
		}
		return out, true
	default:
		// Weekdays: "tuesday", "on tuesday", "tuesday night", "on tuesday night".
		if len(w) > 0 && w[0] == "on" {
			w = w[1:]
		}
		if len(w) == 0 || len(w) > 2 {
			return "", false
		}
		wd, ok := weekday(w[0])
		if !ok || len(w) == 2 && !isPartOfDay(w[1]) {
			return "", false
		}
		var d time.Time
		if future {
			d = pub.AddDate(0, 0, (int(wd)-int(pub.Weekday())+7)%7)
		} else {
			d = pub.AddDate(0, 0, -((int(pub.Weekday()) - int(wd) + 7) % 7))
		}
		if len(w) == 2 {
			out = "on the " + w[1] + " of " + day(d)
		} else {
			out = "on " + day(d)
		}
	}
	if isPreposition(prev) {
		out = strings.TrimPrefix(strings.TrimPrefix(out, "on "), "in ")
	}
	return out, true
}

func isPartOfDay(w string) bool {
	return w == "morning" || w == "afternoon" || w == "evening" || w == "night"
}

func weekday(w string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.ToLower(d.String()) == w {
			return d, true
		}
	}
	return 0, false
}

func isPreposition(w string) bool {
	switch w {
	case "since", "until", "till", "from", "by", "before", "after", "through", "to", "between", "and", "of":
		return true
	}
	return false
}
