/**
 * Files drtp writes and reads back: safetensors (model files and checkpoints), their JSON headers, and atomic
 * replacement of a file (temporary file, then rename).
 */
package org.drtp.io;
