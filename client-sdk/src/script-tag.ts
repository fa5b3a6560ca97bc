// Script-tag entry (placeholder until the SDK lands): exposes a command queue that records calls.
const w = window as unknown as { edgewise?: unknown[] };
w.edgewise = w.edgewise || [];
