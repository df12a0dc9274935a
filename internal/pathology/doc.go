// Package pathology holds no code of its own: its tests run each stage of
// bluepencil (parse, rules, views, and what later stages add) on
// pathological shapes of input (runs of every byte the parser stops at,
// millions of tiny marks, one giant line, deep nesting, backtick runs of
// every width) and check that the time each stage takes grows linearly
// with the input. Every quadratic path found so far had a shape here.
//
// The tests use inputs of 32 KiB and 256 KiB so that they stay fast; the
// hostile probes in e2e/hostile run the built binary on the same shapes at
// megabytes, under time and memory bounds.
package pathology
