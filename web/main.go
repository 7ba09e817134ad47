//go:build js && wasm

// Command web is the engine of inspect.html: package inspect, with every
// vendor's kinds, compiled to WebAssembly. It gives the page two functions,
// sdkjwtInspect(requestJSON) and sdkjwtKinds(), and does nothing else: no
// request, no storage (web/engine).
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/sdkjwt/sdkjwt/web/engine"
)

func main() {
	js.Global().Set("sdkjwtInspect", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return `{"error":"sdkjwtInspect takes one JSON string"}`
		}
		return string(engine.Inspect([]byte(args[0].String())))
	}))
	kinds, _ := json.Marshal(engine.Kinds())
	js.Global().Set("sdkjwtKinds", js.FuncOf(func(js.Value, []js.Value) any { return string(kinds) }))
	js.Global().Call("sdkjwtReady")
	select {}
}
