/* site_chart.c: the geometry of the site's SVG charts (radar of the axes,
 * history line chart), computed here and drawn by the theme's templates. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "util.h"

/* The labels are 14 units on a wide screen and up to 22 on a phone
 * (style.css), where the chart is about 340 px wide: 11 px.  The radius
 * and the wrap leave them room at that size on every side. */
#define RADAR_W 640
#define RADAR_H 440
#define RADAR_R 118
#define LABEL_GAP 14
#define LABEL_WRAP 16

#define LINE_W 600
#define LINE_H 260
#define LINE_LEFT 44
#define LINE_RIGHT 24
#define LINE_TOP 16
#define LINE_BOTTOM 40

static const double pi = 3.14159265358979323846;

/* One coordinate, rounded to a tenth so that the output is stable. */
static void add_coord(buf *b, double d)
{
	d = floor(d * 10 + 0.5) / 10;
	fmt_fixed(b, d == 0 ? 0.0 : d, 1);
}

static value *coord(double d)
{
	buf b = BUF_INIT;
	value *v;

	add_coord(&b, d);
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* Point of axis i of n at fraction r of the radius. */
static void radar_point(size_t i, size_t n, double r, double *x, double *y)
{
	double a = -pi / 2 + 2 * pi * (double)i / (double)n;

	*x = RADAR_W / 2.0 + cos(a) * RADAR_R * r;
	*y = RADAR_H / 2.0 + sin(a) * RADAR_R * r;
}

/* The "x,y x,y ..." points of a polygon with radii r[0..n). */
static value *polygon(const double *r, size_t n)
{
	buf b = BUF_INIT;
	value *v;
	size_t i;

	for (i = 0; i < n; i++) {
		double x, y;
		radar_point(i, n, r[i], &x, &y);
		if (i)
			buf_addc(&b, ' ');
		add_coord(&b, x);
		buf_addc(&b, ',');
		add_coord(&b, y);
	}
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* Splits label into lines of at most LABEL_WRAP characters at spaces. */
static value *wrap_label(const char *label)
{
	value *lines = v_list();
	const char *p = label;

	while (*p) {
		const char *end = p, *cut = NULL;
		size_t chars = 0;
		while (*end && (chars < LABEL_WRAP || !cut)) {
			if (*end == ' ')
				cut = end;
			chars++;
			/* one character: its lead byte and continuation bytes */
			while (((unsigned char)*++end & 0xc0) == 0x80)
				;
		}
		if (!*end || !cut)
			cut = end;
		value *l = v_push(lines, v_map());
		v_set(l, "text", v_strn(p, (size_t)(cut - p)));
		v_set(l, "dy", v_str("1.15em"));
		p = *cut == ' ' ? cut + 1 : cut;
	}
	return lines;
}

static value *radar_label(const char *text, size_t i, size_t n)
{
	double x, y, a = -pi / 2 + 2 * pi * (double)i / (double)n;
	double c = cos(a), s = sin(a), dy;
	value *v = v_map(), *lines;
	buf b = BUF_INIT;
	size_t nl;

	radar_point(i, n, 1 + (double)LABEL_GAP / RADAR_R, &x, &y);
	v_set(v, "x", coord(x));
	v_set(v, "anchor", v_str(c > 0.2 ? "start" : c < -0.2 ? "end" : "middle"));
	lines = wrap_label(text);
	nl = lines->n ? lines->n : 1;
	/* The first baseline, in em so that it holds at any font size: the
	 * block above the point at the top, centred on it at the sides,
	 * below it at the bottom (1.15em a line). */
	if (s < -0.3)
		dy = -1.15 * (double)(nl - 1);
	else if (s <= 0.3)
		dy = 0.35 - 0.575 * (double)(nl - 1);
	else
		dy = 0.85;
	if (lines->n) {
		buf_reset(&b);
		fmt_fixed(&b, dy == 0 ? 0.0 : dy, 3);
		BUF_LIT(&b, "em");
		v_set(lines->items[0], "dy", v_strn(b.ptr, b.len));
	}
	buf_release(&b);
	v_set(v, "y", coord(y));
	v_set(v, "lines", lines);
	return v;
}

/* The axis-value dots, for values that are not null. */
static value *radar_dots(const double *values, size_t n, int max)
{
	value *dots = v_list();
	size_t i;

	for (i = 0; i < n; i++) {
		double x, y;
		if (isnan(values[i]))
			continue;
		radar_point(i, n, values[i] / max, &x, &y);
		value *d = v_push(dots, v_map());
		v_set(d, "x", coord(x));
		v_set(d, "y", coord(y));
	}
	return dots;
}

value *site_radar(const char *const *labels, const double *values,
		  const double *targets, size_t n, int max)
{
	value *v = v_map(), *rings, *spokes, *lab;
	double *r = xcalloc(n ? n : 1, sizeof *r);
	int has_target = 0;
	size_t i;
	int lv;

	v_set(v, "viewbox", v_str("0 0 640 440"));
	rings = v_set(v, "rings", v_list());
	for (lv = 1; max > 0 && lv <= max; lv++) {
		for (i = 0; i < n; i++)
			r[i] = (double)lv / max;
		value *ring = v_push(rings, v_map());
		v_set(ring, "points", polygon(r, n));
		v_set(ring, "level", v_num(lv));
	}
	spokes = v_set(v, "spokes", v_list());
	lab = v_set(v, "labels", v_list());
	for (i = 0; i < n; i++) {
		double x, y;
		radar_point(i, n, 1, &x, &y);
		value *sp = v_push(spokes, v_map());
		v_set(sp, "x", coord(x));
		v_set(sp, "y", coord(y));
		v_push(lab, radar_label(labels[i], i, n));
	}
	v_set(v, "cx", coord(RADAR_W / 2.0));
	v_set(v, "cy", coord(RADAR_H / 2.0));
	for (i = 0; i < n; i++)
		r[i] = max > 0 && !isnan(values[i]) ? values[i] / max : 0;
	v_set(v, "area", polygon(r, n));
	v_set(v, "dots", radar_dots(values, n, max > 0 ? max : 1));
	/* The target: a polygon when every axis has one; else only a dot on
	 * each axis that has one (never a line from the centre). */
	for (i = 0; targets && i < n; i++) {
		has_target += !isnan(targets[i]);
		r[i] = max > 0 && !isnan(targets[i]) ? targets[i] / max : 0;
	}
	v_set(v, "target", has_target && (size_t)has_target == n ? polygon(r, n) : v_null());
	v_set(v, "has_target", v_bool(has_target > 0));
	value *tdots = v_set(v, "target_dots", v_list());
	for (i = 0; targets && has_target && (size_t)has_target < n && i < n; i++) {
		double x, y;
		if (isnan(targets[i]))
			continue;
		radar_point(i, n, r[i], &x, &y);
		value *d = v_push(tdots, v_map());
		v_set(d, "x", coord(x));
		v_set(d, "y", coord(y));
	}
	free(r);
	return v;
}

value *site_line_chart_in(const chart_frame *f, const char *const *labels,
			  const double *values, size_t n, int max)
{
	const double w = f->w - f->left - f->right;
	const double h = f->h - f->top - f->bottom;
	const double top = max > 0 ? max : 1;
	value *v = v_map(), *grid, *pts;
	buf line = BUF_INIT;
	size_t i;
	int lv;

	buf_printf(&line, "0 0 %g %g", f->w, f->h);
	v_set(v, "viewbox", v_strn(line.ptr, line.len));
	buf_reset(&line);
	v_set(v, "left", coord(f->left));
	v_set(v, "right", coord(f->w - f->right));
	v_set(v, "max_level", v_num(max));
	grid = v_set(v, "grid", v_list());
	for (lv = 0; lv <= max; lv++) {
		value *g = v_push(grid, v_map());
		v_set(g, "y", coord(f->top + h - h * lv / top));
		v_set(g, "label", v_num(lv));
	}
	pts = v_set(v, "points", v_list());
	for (i = 0; i < n; i++) {
		double x = f->left + (n > 1 ? w * (double)i / (double)(n - 1) : w / 2);
		value *p = v_push(pts, v_map());
		v_set(p, "x", coord(x));
		v_set(p, "label_y", coord(f->h - f->bottom / 2.0 + 4));
		if (labels[i])
			v_set(p, "date", v_str(labels[i]));
		v_set(p, "anchor", v_str(n < 2 ? "middle" : i == 0 ? "start"
						: i + 1 == n ? "end" : "middle"));
		if (isnan(values[i]))
			continue;
		double y = f->top + h - h * values[i] / top;
		v_set(p, "y", coord(y));
		v_set(p, "value", site_score(values[i]));
		if (line.len)
			buf_addc(&line, ' ');
		add_coord(&line, x);
		buf_addc(&line, ',');
		add_coord(&line, y);
	}
	v_set(v, "line", v_strn(line.ptr, line.len));
	buf_release(&line);
	return v;
}

value *site_line_chart(const char *const *dates, const double *values, size_t n,
		       int max)
{
	static const chart_frame frame = { LINE_W, LINE_H, LINE_LEFT, LINE_RIGHT,
					   LINE_TOP, LINE_BOTTOM };

	return site_line_chart_in(&frame, dates, values, n, max);
}
