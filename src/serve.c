/* serve.c: `autodiag serve`: the site built into a temporary output, served
 * on 127.0.0.1 with GNU libmicrohttpd, rebuilt when an input changes
 * (watch.c) and reloaded in open pages through server-sent events.  Each
 * build runs build_run() in a forked process, so that nothing it allocates
 * outlives it and its diagnostics can be shown in the page. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "dynlib.h"
#include "html.h"
#include "util.h"
#include "watch.h"

/* libmicrohttpd, opened when serving starts (dynlib.h); MHD_SONAME comes
 * from the Makefile (the library the build found). */
#ifndef MHD_SONAME
#define MHD_SONAME "libmicrohttpd.so.12"
#endif
#define MHD_FNS(X)                                                                             \
	X(MHD_add_response_header) X(MHD_create_response_from_buffer)                          \
	X(MHD_create_response_from_callback) X(MHD_create_response_from_fd)                    \
	X(MHD_destroy_response) X(MHD_get_daemon_info) X(MHD_lookup_connection_value)          \
	X(MHD_queue_response) X(MHD_start_daemon) X(MHD_stop_daemon)
enum { MHD_FNS(DYNLIB_INDEX) NMHD };
static const char *const mhd_names[NMHD] = { MHD_FNS(DYNLIB_NAME) };
static dyn_fn mhd_fn[NMHD];
#define MHD_CALL(f) DYNLIB_CALL(mhd_fn, f)
#define MHD_add_response_header MHD_CALL(MHD_add_response_header)
#define MHD_create_response_from_buffer MHD_CALL(MHD_create_response_from_buffer)
#define MHD_create_response_from_callback MHD_CALL(MHD_create_response_from_callback)
#define MHD_create_response_from_fd MHD_CALL(MHD_create_response_from_fd)
#define MHD_destroy_response MHD_CALL(MHD_destroy_response)
#define MHD_get_daemon_info MHD_CALL(MHD_get_daemon_info)
#define MHD_lookup_connection_value MHD_CALL(MHD_lookup_connection_value)
#define MHD_queue_response MHD_CALL(MHD_queue_response)
#define MHD_start_daemon MHD_CALL(MHD_start_daemon)
#define MHD_stop_daemon MHD_CALL(MHD_stop_daemon)

#define EVENTS_PATH "/__autodiag/events"
#define SCRIPT_PATH "/__autodiag/reload.js"
#define DEBOUNCE_MS 150
#define PING_SECONDS 15

typedef struct server {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned long gen;	/* bumped after every build, good or bad */
	int stopping;
	int have_site;		/* a build has succeeded */
	int building;		/* no build has ended yet */
	char *error;		/* diagnostics of the last build when it failed */
	char *site_dir;		/* out/site */
} server;

static const char reload_js[] =
	"/* autodiag serve: reloads the page when the site has been rebuilt. */\n"
	"(function () {\n"
	"\tvar me = document.currentScript;\n"
	"\tvar gen = me ? me.getAttribute(\"data-gen\") : \"\";\n"
	"\tvar es = new EventSource(\"" EVENTS_PATH "?gen=\" + encodeURIComponent(gen || \"\"));\n"
	"\tes.addEventListener(\"reload\", function () { es.close(); location.reload(); });\n"
	"})();\n";

static const struct {
	const char *ext, *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" }, { "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" }, { "mjs", "text/javascript; charset=utf-8" },
	{ "json", "application/json" }, { "csv", "text/csv; charset=utf-8" },
	{ "svg", "image/svg+xml" }, { "png", "image/png" }, { "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" }, { "gif", "image/gif" }, { "webp", "image/webp" },
	{ "ico", "image/vnd.microsoft.icon" }, { "pdf", "application/pdf" },
	{ "xml", "application/xml" }, { "txt", "text/plain; charset=utf-8" },
	{ "odt", "application/vnd.oasis.opendocument.text" }, { "woff2", "font/woff2" },
	{ "woff", "font/woff" }, { "ttf", "font/ttf" }, { "otf", "font/otf" },
	{ "map", "application/json" }, { "yaml", "text/plain; charset=utf-8" },
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t i;

	if (dot && (!slash || dot > slash))
		for (i = 0; i < sizeof types / sizeof *types; i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* Whether a request path may name a file of the site: absolute, no ".."
 * segment, no backslash (the path is already percent-decoded). */
static int url_ok(const char *url)
{
	const char *p = url;

	if (*p != '/' || strchr(url, '\\'))
		return 0;
	while (*p) {
		const char *seg = ++p;
		while (*p && *p != '/')
			p++;
		if (p - seg == 2 && seg[0] == '.' && seg[1] == '.')
			return 0;
	}
	return 1;
}

/* Appends what a served page gets before </body>: the reload script and,
 * after a failed build, the diagnostics.  Call with s->lock held. */
static void add_snippet(buf *out, const server *s)
{
	buf_printf(out, "<script src=\"%s\" data-gen=\"%lu\"></script>\n", SCRIPT_PATH, s->gen);
	if (!s->error)
		return;
	buf_adds(out, "<div id=\"autodiag-erreur\" role=\"alert\" style=\"position:fixed;left:0;"
			"right:0;bottom:0;z-index:9999;max-height:60vh;overflow:auto;margin:0;"
			"padding:1rem;background:#fff4f4;color:#5a0000;border-top:4px solid #b00020;"
			"font:14px/1.4 monospace\"><p style=\"margin:0 0 .5rem;font-weight:bold\">"
			"Échec de la construction&#160;: le site affiché est celui de la dernière "
			"construction réussie.</p><pre style=\"margin:0;white-space:pre-wrap\">");
	html_escape_text(out, s->error, strlen(s->error));
	buf_adds(out, "</pre></div>\n");
}

/* Returns html with the snippet inserted before its last </body>. */
static char *inject(server *s, const char *html, size_t len, size_t *outlen)
{
	buf out = BUF_INIT;
	const char *end = NULL, *p = html;

	while ((p = strstr(p, "</body>")))
		end = p++;
	if (!end)
		end = html + len;
	buf_add(&out, html, (size_t)(end - html));
	pthread_mutex_lock(&s->lock);
	add_snippet(&out, s);
	pthread_mutex_unlock(&s->lock);
	buf_add(&out, end, len - (size_t)(end - html));
	*outlen = out.len;
	return buf_detach(&out);
}

static enum MHD_Result respond(struct MHD_Connection *c, unsigned status,
			    struct MHD_Response *r, const char *type)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Sends html (taken over) with the snippet injected. */
static enum MHD_Result send_html(struct MHD_Connection *c, server *s, unsigned status,
				 buf *html)
{
	size_t len;
	char *page = inject(s, html->ptr, html->len, &len);

	buf_release(html);
	return respond(c, status, MHD_create_response_from_buffer(len, page, MHD_RESPMEM_MUST_FREE),
		    "text/html; charset=utf-8");
}

/* A page of our own (no site yet, 403, 404) with title and text. */
static enum MHD_Result send_page(struct MHD_Connection *c, server *s, unsigned status,
				 const char *title, const char *text)
{
	buf page = BUF_INIT;

	buf_printf(&page, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
			  "<title>%s – autodiag serve</title>\n</head>\n<body>\n<h1>%s</h1>\n"
			  "<p>%s</p>\n</body>\n</html>\n",
		   title, title, text);
	return send_html(c, s, status, &page);
}

/* Per event-stream state. */
typedef struct stream {
	server *s;
	unsigned long gen;	/* the generation the page was served at */
	int hello;
} stream;

/* Writes the next event: blocks (one thread per connection) until a build
 * ends, the server stops, or a keep-alive comment is due. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	stream *st = cls;
	server *s = st->s;
	struct timespec until;
	int n;

	(void)pos;
	if (!st->hello) {
		st->hello = 1;
		return snprintf(out, max, "retry: 1000\n\n");
	}
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += PING_SECONDS;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping && s->gen == st->gen)
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT)
			break;
	if (s->stopping) {
		pthread_mutex_unlock(&s->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (s->gen == st->gen)
		n = snprintf(out, max, ": ping\n\n");
	else
		n = snprintf(out, max, "event: reload\ndata: %lu\n\n", st->gen = s->gen);
	pthread_mutex_unlock(&s->lock);
	return n;
}

static enum MHD_Result send_events(struct MHD_Connection *c, server *s)
{
	const char *arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "gen");
	stream *st = xcalloc(1, sizeof *st);
	char *end;

	st->s = s;
	pthread_mutex_lock(&s->lock);
	st->gen = s->gen;
	pthread_mutex_unlock(&s->lock);
	if (arg && *arg) {
		unsigned long g = strtoul(arg, &end, 10);
		if (!*end)
			st->gen = g;
	}
	return respond(c, MHD_HTTP_OK,
		    MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256, stream_read, st, free),
		    "text/event-stream");
}

/* The file of the site that path names: sets *real (to free) when it
 * exists below the site's real directory; else 404 or 403 (symlink out). */
static unsigned resolve(const server *s, const char *path, char **real)
{
	char root[PATH_MAX], file[PATH_MAX];
	size_t n;

	*real = NULL;
	if (!realpath(s->site_dir, root) || !realpath(path, file))
		return MHD_HTTP_NOT_FOUND;
	n = strlen(root);
	if (strncmp(file, root, n) || (file[n] != '/' && file[n] != '\0'))
		return MHD_HTTP_FORBIDDEN;
	*real = xstrdup(file);
	return MHD_HTTP_OK;
}

static enum MHD_Result send_not_found(struct MHD_Connection *c, server *s)
{
	buf path = BUF_INIT, html = BUF_INIT;

	buf_printf(&path, "%s/404.html", s->site_dir);
	if (read_file(path.ptr, &html) == 0) {
		buf_release(&path);
		return send_html(c, s, MHD_HTTP_NOT_FOUND, &html);
	}
	buf_release(&path);
	buf_release(&html);
	return send_page(c, s, MHD_HTTP_NOT_FOUND, "Page introuvable",
			 "Cette adresse ne correspond à aucune page du site.");
}

static enum MHD_Result send_file(struct MHD_Connection *c, server *s, const char *url)
{
	buf path = BUF_INIT;
	struct stat st;
	char *real;
	unsigned status;
	int fd;

	buf_printf(&path, "%s%s%s", s->site_dir, url, url[strlen(url) - 1] == '/' ? "index.html" : "");
	status = resolve(s, path.ptr, &real);
	buf_release(&path);
	if (status == MHD_HTTP_FORBIDDEN)
		return send_page(c, s, status, "Accès refusé", "Ce fichier est hors du site.");
	if (!real)
		return send_not_found(c, s);
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int dir = fd >= 0 && S_ISDIR(st.st_mode);
		if (fd >= 0)
			close(fd);
		free(real);
		if (dir) {
			/* a directory: its index, at the URL with a final slash */
			struct MHD_Response *r = MHD_create_response_from_buffer(0, "",
						 MHD_RESPMEM_PERSISTENT);
			buf loc = BUF_INIT;
			html_escape_url(&loc, url, strlen(url));
			buf_addc(&loc, '/');
			MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, loc.ptr);
			buf_release(&loc);
			return respond(c, MHD_HTTP_MOVED_PERMANENTLY, r, "text/plain");
		}
		return send_not_found(c, s);
	}
	if (!strcmp(content_type(real), types[0].type)) {
		buf html = BUF_INIT;
		close(fd);
		if (read_file(real, &html) < 0) {
			free(real);
			buf_release(&html);
			return send_not_found(c, s);
		}
		free(real);
		return send_html(c, s, MHD_HTTP_OK, &html);
	}
	status = MHD_HTTP_OK;
	{
		const char *type = content_type(real);
		free(real);
		return respond(c, status, MHD_create_response_from_fd((size_t)st.st_size, fd), type);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload, size_t *upload_size, void **req)
{
	server *s = cls;
	int have, building;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)req;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			    MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT),
			    "text/plain");
	if (!strcmp(url, EVENTS_PATH))
		return send_events(c, s);
	if (!strcmp(url, SCRIPT_PATH))
		return respond(c, MHD_HTTP_OK,
			    MHD_create_response_from_buffer(sizeof reload_js - 1, (void *)reload_js,
							    MHD_RESPMEM_PERSISTENT),
			    "text/javascript; charset=utf-8");
	if (!url_ok(url))
		return send_page(c, s, MHD_HTTP_FORBIDDEN, "Accès refusé",
				 "Une adresse du site ne remonte pas au-dessus de sa racine.");
	pthread_mutex_lock(&s->lock);
	have = s->have_site;
	building = s->building;
	pthread_mutex_unlock(&s->lock);
	if (!have)
		return send_page(c, s, MHD_HTTP_SERVICE_UNAVAILABLE,
				 building ? "Construction en cours…" : "Échec de la construction",
				 building ? "La page se rechargera d’elle-même."
					  : "Corrigez l’erreur ci-dessous, la page se rechargera.");
	return send_file(c, s, url);
}

/* ---- builds ---- */

typedef struct builder {
	build_opts opts;
	sigset_t mask;		/* the signal mask to give the build */
	pid_t pid;		/* the running build, or 0 */
	int fd;			/* its stderr, read here */
	buf log;
	struct timespec start;
} builder;

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * In the child of a build: becomes `autodiag build` with the same options,
 * a fresh single-threaded process that inherits none of the server's
 * threads, memory or descriptors.  Returns only when that cannot be done,
 * and the child then calls build_run() itself.
 */
static void exec_build(const build_opts *o)
{
	char exe[PATH_MAX], jobs[16];
	const char *argv[16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	int i = 0;

	if (n <= 0)
		return;
	exe[n] = '\0';
	snprintf(jobs, sizeof jobs, "%d", o->jobs);
	argv[i++] = exe;
	argv[i++] = "build";
	argv[i++] = "--content";
	argv[i++] = o->content;
	argv[i++] = "--theme";
	argv[i++] = o->theme;
	argv[i++] = "--out";
	argv[i++] = o->out;
	if (o->answers_given) {
		argv[i++] = "--answers";
		argv[i++] = o->answers;
	}
	argv[i++] = "--only";
	argv[i++] = "site";
	argv[i++] = "-q";
	argv[i++] = "-j";
	argv[i++] = jobs;
	argv[i] = NULL;
	execv(exe, (char *const *)argv);
}

/* Starts a build in a child process; 0 or -1 (reported). */
static int build_start(builder *b)
{
	int p[2];

	if (pipe(p) < 0) {
		diag_error(NULL, 0, 0, "cannot start a build: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	clock_gettime(CLOCK_MONOTONIC, &b->start);
	b->pid = fork();
	if (b->pid == 0) {
		int st;
		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		sigprocmask(SIG_SETMASK, &b->mask, NULL);
		exec_build(&b->opts);
		st = build_run(&b->opts);
		fflush(NULL);
		_exit(st);
	}
	close(p[1]);
	if (b->pid < 0) {
		close(p[0]);
		b->pid = 0;
		diag_error(NULL, 0, 0, "cannot start a build: %s", strerror(errno));
		return -1;
	}
	b->fd = p[0];
	fcntl(b->fd, F_SETFD, FD_CLOEXEC);
	fcntl(b->fd, F_SETFL, O_NONBLOCK);
	buf_reset(&b->log);
	return 0;
}

/* Reads what the build wrote; returns 1 once it has ended (reaped). */
static int build_poll(builder *b, int *status)
{
	char chunk[4096];
	ssize_t n;
	int ws;

	while ((n = read(b->fd, chunk, sizeof chunk)) > 0)
		buf_add(&b->log, chunk, (size_t)n);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	close(b->fd);
	b->fd = -1;
	while (waitpid(b->pid, &ws, 0) < 0 && errno == EINTR)
		;
	b->pid = 0;
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 3;
	return 1;
}

/* Publishes the end of a build to the pages and the terminal. */
static void build_done(server *s, builder *b, int status)
{
	struct timespec t;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t);
	ms = (t.tv_sec - b->start.tv_sec) * 1000 + (t.tv_nsec - b->start.tv_nsec) / 1000000;
	fwrite(b->log.ptr, 1, b->log.len, stderr);
	pthread_mutex_lock(&s->lock);
	free(s->error);
	s->error = NULL;
	if (status == 0)
		s->have_site = 1;
	else if (b->log.len)
		s->error = xstrdup(b->log.ptr);
	else
		s->error = xstrdup("la construction a échoué sans diagnostic");
	s->building = 0;
	s->gen++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	if (status == 0)
		printf("Site construit en %ld ms\n", ms);
	else
		printf("Échec de la construction (statut %d)\u202f; le dernier site construit reste "
		       "servi\n",
		       status);
	fflush(stdout);
}

/* ---- the loop ---- */

static struct MHD_Daemon *listen_on(server *s, int port)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *d;

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD |
				     MHD_USE_THREAD_PER_CONNECTION,
			     (uint16_t)port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&addr, MHD_OPTION_END);
	if (!d)
		diag_error(NULL, 0, 0, "cannot serve on 127.0.0.1:%d (port in use?)", port);
	return d;
}

/* Polls signals, input changes and the build until a signal comes. */
static void loop(server *s, builder *b, watch *w, int sfd)
{
	long long due = 0;
	int pending = 0;

	for (;;) {
		struct pollfd pf[3] = { { sfd, POLLIN, 0 }, { watch_fd(w), POLLIN, 0 },
					{ b->pid ? b->fd : -1, POLLIN, 0 } };
		int timeout = -1, status;

		if (due)
			timeout = due > now_ms() ? (int)(due - now_ms()) : 0;
		if (poll(pf, 3, timeout) < 0 && errno != EINTR)
			break;
		if (pf[0].revents) {
			/* consume it, or it would strike when unblocked */
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) < 0)
				continue;
			break;
		}
		if (pf[1].revents && watch_read(w))
			due = now_ms() + DEBOUNCE_MS;
		if (b->pid && pf[2].revents && build_poll(b, &status)) {
			build_done(s, b, status);
			watch_rescan(w);
			if (pending)
				due = now_ms(), pending = 0;
		}
		if (due && now_ms() >= due) {
			due = 0;
			if (b->pid)
				pending = 1;
			else
				build_start(b);
		}
	}
}

/* The temporary output directory, "" when --out was given. */
static char temp_dir[PATH_MAX];

/* Makes temp_dir; 0 or -1 (reported). */
static int make_temp(void)
{
	const char *t = getenv("TMPDIR");

	if (snprintf(temp_dir, sizeof temp_dir, "%s/autodiag-serve-XXXXXX",
		     t && *t ? t : "/tmp") >= (int)sizeof temp_dir || !mkdtemp(temp_dir)) {
		diag_error(temp_dir, 0, 0, "cannot create a temporary directory: %s", strerror(errno));
		temp_dir[0] = '\0';
		return -1;
	}
	return 0;
}

static int serve_with(server *s, builder *b, int port, const char *const *roots)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	watch *w = watch_new(roots, 3);
	sigset_t stop;
	int sfd;

	if (!w)
		return 3;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	/* blocked before the server's threads start, so that they inherit it */
	pthread_sigmask(SIG_BLOCK, &stop, &b->mask);
	sfd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (sfd < 0 || !(d = listen_on(s, port))) {
		if (sfd < 0)
			diag_error(NULL, 0, 0, "cannot wait for signals: %s", strerror(errno));
		else
			close(sfd);
		pthread_sigmask(SIG_SETMASK, &b->mask, NULL);
		watch_free(w);
		return 3;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("Site servi sur http://127.0.0.1:%u/ (Ctrl-C pour arrêter)\n",
	       info ? (unsigned)info->port : (unsigned)port);
	fflush(stdout);
	if (build_start(b) == 0)
		loop(s, b, w, sfd);
	if (b->pid) {
		int status;
		kill(b->pid, SIGTERM);
		fcntl(b->fd, F_SETFL, 0);
		build_poll(b, &status);
	}
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(d);
	close(sfd);
	pthread_sigmask(SIG_SETMASK, &b->mask, NULL);
	watch_free(w);
	return 0;
}

int serve_run(const build_opts *o, int port)
{
	server s;
	builder b;
	buf out = BUF_INIT, site = BUF_INIT;
	const char *roots[3];
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	const char *why;
	int st;

	if (dynlib_open(MHD_SONAME, mhd_names, mhd_fn, NMHD, &why) < 0) {
		diag_error(NULL, 0, 0, "%s", why);
		return 3;
	}
	temp_dir[0] = '\0';
	if (!o->out && make_temp() < 0)
		return 3;
	buf_printf(&out, "%s", o->out ? o->out : temp_dir);
	if (!o->out)
		buf_adds(&out, "/out");
	buf_printf(&site, "%s/site", out.ptr);
	memset(&s, 0, sizeof s);
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.changed, NULL);
	s.building = 1;
	s.site_dir = site.ptr;
	memset(&b, 0, sizeof b);
	buf_init(&b.log);
	b.opts = *o;
	b.opts.out = out.ptr;
	b.opts.only = ONLY_SITE;
	b.opts.quiet = 1;
	b.opts.jobs = o->jobs ? o->jobs : n > 0 ? (int)n : 1;
	b.fd = -1;
	roots[0] = o->content;
	roots[1] = o->theme;
	roots[2] = o->answers;
	st = serve_with(&s, &b, port, roots);
	if (temp_dir[0] && remove_tree(temp_dir) < 0)
		diag_error(temp_dir, 0, 0, "cannot remove the temporary output: %s", strerror(errno));
	free(s.error);
	buf_release(&b.log);
	buf_release(&out);
	buf_release(&site);
	pthread_cond_destroy(&s.changed);
	pthread_mutex_destroy(&s.lock);
	return st;
}
