package io.autoservice.controller.cli.console;
import io.autoservice.controller.model.AuditEntry;

import java.time.Instant;

/**
 * One audit-log entry as the console shows it (the wire's {@code AuditEntry}).
 *
 * @param actor the user who acted, {@code anonymous} for a call without a valid token
 * @param action e.g. dispatch, cancel, user_add, user_revoke, login_failure, denied
 * @param target the dispatch target, a run id, a user, a refused method
 * @param remoteAddr where the call came from ({@code host:port}), {@code local} for the CLI
 * @param planSha256 a dispatch's plan hash (hex), {@code null} otherwise
 */
public record AuditRow(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String detail,
    String remoteAddr,
    String planSha256) {}
