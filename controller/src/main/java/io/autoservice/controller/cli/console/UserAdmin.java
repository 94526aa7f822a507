package io.autoservice.controller.cli.console;
import io.autoservice.controller.model.User;

import io.autoservice.common.auth.Role;
import java.util.List;

/**
 * User management as the {@code users} verbs need it: through a running controller ({@link
 * ConsoleClient}, an admin's token) or directly on a stopped controller's database ({@link
 * LocalUsers}). Failures throw {@link ConsoleException}.
 */
interface UserAdmin {
  UserRow.Created addUser(String name, Role role);

  List<UserRow> users();

  UserRow revokeUser(String name);
}
