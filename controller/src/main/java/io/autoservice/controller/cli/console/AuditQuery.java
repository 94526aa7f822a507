package io.autoservice.controller.cli.console;

import java.time.Instant;

/**
 * A filter for {@link ConsoleClient#audit}; {@code null} fields do not filter.
 *
 * @param limit at most this many entries (0: the controller's default, 100; at most 1000)
 */
public record AuditQuery(String actor, String action, Instant since, int limit) {}
