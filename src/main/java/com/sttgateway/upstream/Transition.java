package com.sttgateway.upstream;

/** A change of the upstream's state and why; {@code initial} for the state the first probe established. */
record Transition(UpstreamState state, String reason, boolean initial) {}
