/**
 * The large-file origin behind {@code /files/{path}}: confines request paths to one folder (no
 * {@code ..}, no encoded separators or NUL, no symlink escaping it) and describes each file as a
 * representation with size/mtime validators. Sending (zero-copy) is the transport's job.
 */
package dev.streamedge.packager.files;
