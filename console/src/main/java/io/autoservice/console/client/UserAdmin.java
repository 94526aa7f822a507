package io.autoservice.console.client;

import io.autoservice.common.auth.Role;
import io.autoservice.console.view.UserRow;
import java.util.List;

/**
 * User management as the {@code users} verbs need it: through a running controller ({@link
 * ConsoleClient}, an admin's token) or, in the controller, directly on a stopped controller's
 * database. The seam that lets the controller's {@code users … --data} reuse the remote verbs.
 * Failures throw {@link ConsoleException}.
 */
public interface UserAdmin {
  UserRow.Created addUser(String name, Role role);

  List<UserRow> users();

  UserRow revokeUser(String name);

  /** Sets the user's web console password (12 to 256 characters; only a hash is kept). */
  UserRow setPassword(String name, String password);
}
