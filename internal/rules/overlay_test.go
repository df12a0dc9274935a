package rules

import (
	"reflect"
	"testing"
)

func TestOverlay(t *testing.T) {
	tests := []struct {
		name      string
		base, top Options
		want      Options
	}{
		{"empty", Options{}, Options{},
			Options{Severity: map[string]Severity{}, Off: map[string]bool{}}},
		{"base kept", Options{Severity: map[string]Severity{"a": Error}, Off: map[string]bool{"b": true}}, Options{},
			Options{Severity: map[string]Severity{"a": Error}, Off: map[string]bool{"b": true}}},
		{"top severity wins and turns on", Options{Severity: map[string]Severity{"a": Error}, Off: map[string]bool{"b": true}},
			Options{Severity: map[string]Severity{"a": Hint, "b": Warning}},
			Options{Severity: map[string]Severity{"a": Hint, "b": Warning}, Off: map[string]bool{}}},
		{"top turns off", Options{Severity: map[string]Severity{"a": Error}}, Options{Off: map[string]bool{"a": true, "c": false}},
			Options{Severity: map[string]Severity{"a": Error}, Off: map[string]bool{"a": true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Overlay(tt.base, tt.top); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Overlay = %+v, want %+v", got, tt.want)
			}
		})
	}
}
