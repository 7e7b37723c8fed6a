package dev.fulcrum.conf.build;

import dev.fulcrum.conf.lex.Token;

import java.util.Optional;
import java.util.OptionalInt;

/** A tracker reference as written ({@code NAME [weight W] [reverse|noreverse]}), before resolution. */
record TrackRef(Token name, OptionalInt weight, Optional<Boolean> reverse) {
}
