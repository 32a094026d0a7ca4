"""The form editor's servers on this computer (make edit): the local proxy that reads and writes cases/, and the
guard that keeps other sites away from both it and the preview server."""
