package io.autoservice.controller.model;

import java.time.Instant;

/**
 * A notification still to send: the alert raised (or resolved) over one channel ({@code webhook} or
 * {@code email}), after {@code attempts} failed tries, due at {@code nextAt}.
 */
public record AlertDelivery(
    long id, long alertId, String channel, String event, int attempts, Instant nextAt) {}
