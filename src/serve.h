/* serve.h: `autodiag serve`, the local preview (serve.c). */
#ifndef AUTODIAG_SERVE_H
#define AUTODIAG_SERVE_H

#include "buildrun.h"

/*
 * Builds the site of o (o->out NULL: into a temporary directory, removed at
 * the end), serves it on 127.0.0.1:port (0: any free port) and rebuilds it
 * when its inputs change, until SIGINT or SIGTERM.  Returns 0 once stopped
 * by a signal, or 3 when it cannot serve (reported).
 */
int serve_run(const build_opts *o, int port);

#endif
