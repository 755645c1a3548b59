/**
 * The {@code drtp} command line: one picocli command class per sub-command, the flags they share, and the
 * mapping of failures to one-line messages and exit codes ({@code Errors}). Entry point: {@link org.drtp.cli.Main}.
 */
package org.drtp.cli;
