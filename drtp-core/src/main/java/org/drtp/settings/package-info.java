/**
 * What the library says about the settings it is given: {@link org.drtp.settings.InvalidSettingException} for a
 * value it cannot use, naming the setting so that front ends can name their own flag or field.
 */
package org.drtp.settings;
