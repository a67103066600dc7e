#include "CGLPKGuard.h"

#include <setjmp.h>
#include <string.h>

typedef struct guard_state {
    jmp_buf escape;
    rp_log *log;
    size_t used;
    /* rp_intopt only */
    rp_progress_fn report;
    void *context;
    double interval_ms;
    double started_ms;
    double last_report_ms;
    rp_progress progress;
    int stop_requested;
    const double *start;   /* a solution to offer at the first GLP_IHEUR, or NULL */
    rp_effort effort;      /* all zero: no limits */
    int iterations_at_start;
    int iterations_at_gap; /* -1 until the wanted gap is reached */
    int iterations_at_better; /* when the incumbent last changed (a better solution) */
    double last_incumbent;
    int effort_stop;
} guard_state;

static int capture_terminal(void *info, const char *text) {
    guard_state *state = (guard_state *)info;
    rp_log *log = state->log;
    if (log != NULL && log->text != NULL && log->capacity > 1 && text != NULL) {
        size_t room = log->capacity - 1;
        size_t n = strlen(text);
        if (n >= room) {                       /* keep the tail of an over-long piece */
            text += n - room;
            n = room;
        }
        if (state->used + n > room) {          /* drop the oldest text to make room */
            size_t drop = state->used + n - room;
            memmove(log->text, log->text + drop, state->used - drop);
            state->used -= drop;
        }
        memcpy(log->text + state->used, text, n);
        state->used += n;
        log->text[state->used] = '\0';
    }
    return 1; /* never print: the caller decides what to show */
}

static void escape_error(void *info) {
    guard_state *state = (guard_state *)info;
    longjmp(state->escape, 1);
}

static void begin(guard_state *state, rp_log *log) {
    memset(state, 0, sizeof(*state));
    state->log = log;
    if (log != NULL && log->text != NULL && log->capacity > 0) log->text[0] = '\0';
}

static void observe(glp_tree *tree, guard_state *state) {
    glp_prob *problem = glp_ios_get_prob(tree);
    int best = glp_ios_best_node(tree);
    if (best != 0) {
        state->progress.has_bound = 1;
        state->progress.bound = glp_ios_node_bound(tree, best);
    }
    int iterations = glp_get_it_cnt(problem) - state->iterations_at_start;
    if (glp_mip_status(problem) == GLP_FEAS || glp_mip_status(problem) == GLP_OPT) {
        double incumbent = glp_mip_obj_val(problem);
        if (!state->progress.has_incumbent || incumbent != state->last_incumbent) {
            state->iterations_at_better = iterations;
            state->last_incumbent = incumbent;
        }
        state->progress.has_incumbent = 1;
        state->progress.incumbent = incumbent;
    }
    if (state->progress.has_bound && state->progress.has_incumbent) {
        state->progress.gap = glp_ios_mip_gap(tree);
    }
    int active = 0, current = 0, total = 0;
    glp_ios_tree_size(tree, &active, &current, &total);
    state->progress.active_nodes = active;
    state->progress.total_nodes = total;
    state->progress.elapsed_s = (glp_time() - state->started_ms) / 1000.0;
    state->progress.iterations = iterations;
}

/* 1, 2 or 3 when the effort limits say stop (see rp_effort), else 0. */
static int effort_exhausted(guard_state *state) {
    const rp_effort *e = &state->effort;
    const rp_progress *p = &state->progress;
    if (!p->has_incumbent) {
        return e->no_solution_iterations >= 0 && p->iterations >= e->no_solution_iterations ? 1 : 0;
    }
    /* past search_iterations, once no better solution came in the last that many */
    if (e->search_iterations > 0 && p->iterations >= e->search_iterations
        && p->iterations - state->iterations_at_better >= e->search_iterations
        && (e->search_before_s <= 0 || p->elapsed_s < e->search_before_s)) return 3;
    if (e->proof_share <= 0 || !p->has_bound || p->gap > e->wanted_gap) return 0;
    if (state->iterations_at_gap < 0) state->iterations_at_gap = p->iterations;
    double allowed = e->proof_share * state->iterations_at_gap;
    if (allowed < e->proof_min_iterations) allowed = e->proof_min_iterations;
    return p->iterations - state->iterations_at_gap >= allowed ? 2 : 0;
}

static void intopt_callback(glp_tree *tree, void *info) {
    guard_state *state = (guard_state *)info;
    int reason = glp_ios_reason(tree);
    if (state->iterations_at_start < 0) {      /* the search's work is counted from its first callback */
        state->iterations_at_start = glp_get_it_cnt(glp_ios_get_prob(tree));
    }
    if (reason == GLP_IHEUR && state->start != NULL) {
        glp_ios_heur_sol(tree, state->start); /* ignored by GLPK when not better than the incumbent */
        state->start = NULL;
        return;
    }
    if (reason != GLP_ISELECT && reason != GLP_IBINGO && reason != GLP_IPREPRO) return;
    observe(tree, state);
    if (state->stop_requested) return;
    if (reason == GLP_ISELECT && (state->effort_stop = effort_exhausted(state)) != 0) {
        state->stop_requested = 1;
        glp_ios_terminate(tree);
        return;
    }
    if (state->report == NULL) return;
    double now = glp_time();
    if (reason == GLP_IBINGO || reason == GLP_IPREPRO || now - state->last_report_ms >= state->interval_ms) {
        state->last_report_ms = now;
        if (state->report(state->context, &state->progress) != 0) {
            state->stop_requested = 1;
            glp_ios_terminate(tree);
        }
    }
}

void rp_intopt(glp_prob *problem, glp_iocp *parm, rp_progress_fn report, void *context,
               double report_interval_s, const double *start, const rp_effort *effort,
               rp_outcome *outcome, rp_log *log) {
    guard_state state;
    begin(&state, log);
    state.start = start;
    if (effort != NULL) state.effort = *effort;
    state.iterations_at_start = -1;
    state.iterations_at_gap = -1;
    state.report = report;
    state.context = context;
    state.interval_ms = report_interval_s * 1000.0;
    state.started_ms = glp_time();
    state.last_report_ms = state.started_ms;
    memset(outcome, 0, sizeof(*outcome));
    parm->cb_func = intopt_callback;
    parm->cb_info = &state;

    glp_term_hook(capture_terminal, &state);
    glp_error_hook(escape_error, &state);
    if (setjmp(state.escape) == 0) {
        outcome->code = glp_intopt(problem, parm);
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        state.progress.elapsed_s = (glp_time() - state.started_ms) / 1000.0;
        outcome->last = state.progress;
        outcome->effort_stop = state.effort_stop;
    } else {
        outcome->caught_error = 1;
        outcome->last = state.progress;
        glp_free_env(); /* also clears the hooks */
    }
}

#define GUARDED(call)                                   \
    guard_state state;                                  \
    begin(&state, log);                                 \
    memset(outcome, 0, sizeof(*outcome));               \
    glp_term_hook(capture_terminal, &state);            \
    glp_error_hook(escape_error, &state);               \
    if (setjmp(state.escape) == 0) {                    \
        outcome->code = (call);                         \
        glp_error_hook(NULL, NULL);                     \
        glp_term_hook(NULL, NULL);                      \
    } else {                                            \
        outcome->caught_error = 1;                      \
        glp_free_env();                                 \
    }

void rp_simplex(glp_prob *problem, const glp_smcp *parm, rp_outcome *outcome, rp_log *log) {
    GUARDED(glp_simplex(problem, parm))
}

void rp_write_lp(glp_prob *problem, const char *path, rp_outcome *outcome, rp_log *log) {
    GUARDED(glp_write_lp(problem, NULL, path))
}

void rp_write_mps(glp_prob *problem, const char *path, rp_outcome *outcome, rp_log *log) {
    GUARDED(glp_write_mps(problem, GLP_MPS_FILE, NULL, path))
}
