package io.autoservice.agent.tools;

/**
 * A plan's {@code executable_path} that the agent will not run: outside its tool folders (see
 * {@link ToolConfinement}) or not a path at all. A {@link ToolNotFoundException}, so every task
 * reports it as it reports a missing tool, and nothing else is run instead.
 */
public final class ToolRefusedException extends ToolNotFoundException {
  private static final long serialVersionUID = 1L;

  public ToolRefusedException(String message) {
    super(message);
  }
}
