package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

func newUsersCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "users", Short: "The people who may log in to the pages"}

	var af listFlags
	var role string
	var fromStdin bool
	add := &cobra.Command{
		Use:   "add NAME --role admin|ops|biller",
		Short: "Add a user; prints a generated password once, or reads one from stdin",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUsersAdd(cmd, &af, args[0], store.Role(role), fromStdin)
		},
	}
	af.dbFlags.add(add)
	add.Flags().StringVar(&role, "role", "", "admin, ops or biller (see docs/web.md)")
	add.Flags().BoolVar(&fromStdin, "password-stdin", false,
		"read the password from the first line of standard input")
	_ = add.MarkFlagRequired("role")

	var lf listFlags
	list := &cobra.Command{
		Use:   "list",
		Short: "List users",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUsersList(cmd, &lf)
		},
	}
	lf.add(list, "", flagConnection, flagSince)

	var df listFlags
	disable := &cobra.Command{
		Use:   "disable NAME",
		Short: "Stop a user logging in; ends their sessions and revokes their tokens",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := df.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			u, err := s.DisableUser(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "User %s disabled on %s.\n", u.Username,
				present.DateTime(u.DisabledAt))
			return err
		},
	}
	df.dbFlags.add(disable)
	cmd.AddCommand(add, list, disable)
	return cmd
}

func runUsersAdd(cmd *cobra.Command, f *listFlags, name string, role store.Role,
	fromStdin bool) error {

	ctx := cmd.Context()
	password := ""
	if fromStdin {
		line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("read password: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	} else {
		password = store.GeneratePassword()
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.CreateUser(ctx, name, role, password)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "User %s added with role %s.\n", u.Username, u.Role)
	if !fromStdin {
		fmt.Fprintf(out, "Password (shown only now): %s\n", password)
	}
	return nil
}

func runUsersList(cmd *cobra.Command, f *listFlags) error {
	offset, limit, err := f.window()
	if err != nil {
		return err
	}
	s, err := f.open(cmd.Context())
	if err != nil {
		return err
	}
	defer s.Close()
	users, err := s.ListUsers(cmd.Context())
	if err != nil {
		return err
	}
	users = pageOf(users, offset, limit)
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, users)
	}
	if len(users) == 0 {
		_, err := fmt.Fprintln(out, "No users. Add one with: claimflow users add NAME --role admin")
		return err
	}
	t := newTable("USER", "ROLE", "CREATED", "PASSWORD CHANGED", "STATE")
	for _, u := range users {
		state := "active"
		if u.Disabled() {
			state = "disabled " + present.Date(u.DisabledAt)
		}
		t.add(u.Username, string(u.Role), present.Date(u.CreatedAt),
			present.Date(u.PasswordChangedAt), state)
	}
	return t.print(out)
}

func newTokensCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "tokens", Short: "Bearer tokens for scripts using the API"}
	var af listFlags
	var ttl time.Duration
	add := &cobra.Command{
		Use:   "add USER NAME",
		Short: "Make a token acting as USER; prints it once",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := af.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			secret, tok, err := s.CreateToken(cmd.Context(), args[0], args[1], ttl)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Token %s (%s) for %s, role %s.\n", tok.ID, tok.Name,
				tok.Username, tok.Role)
			_, err = fmt.Fprintf(out, "Secret (shown only now): %s\n", secret)
			return err
		},
	}
	af.dbFlags.add(add)
	add.Flags().DurationVar(&ttl, "ttl", 0, "how long the token lasts, e.g. 2160h (default: no end)")

	var lf listFlags
	list := &cobra.Command{
		Use:   "list [USER]",
		Short: "List tokens, of one user or of all",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			offset, limit, err := lf.window()
			if err != nil {
				return err
			}
			s, err := lf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			user := ""
			if len(args) == 1 {
				user = args[0]
			}
			toks, err := s.ListTokens(cmd.Context(), user)
			if err != nil {
				return err
			}
			toks = pageOf(toks, offset, limit)
			out := cmd.OutOrStdout()
			if lf.json {
				return printJSON(out, toks)
			}
			t := newTable("ID", "PREFIX", "NAME", "USER", "ROLE", "CREATED", "EXPIRES",
				"LAST USED", "STATE")
			for _, k := range toks {
				state := "active"
				switch {
				case !k.RevokedAt.IsZero():
					state = "revoked " + present.Date(k.RevokedAt)
				case !k.Active(timeNow()):
					state = "expired"
				}
				t.add(k.ID, k.Prefix, k.Name, k.Username, string(k.Role),
					present.Date(k.CreatedAt), firstOf(present.Date(k.ExpiresAt), "never"),
					firstOf(present.DateTime(k.LastUsedAt), "never"), state)
			}
			return t.print(out)
		},
	}
	lf.add(list, "", flagConnection, flagSince)

	var rf listFlags
	revoke := &cobra.Command{
		Use:   "revoke ID|PREFIX",
		Short: "End a token",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			tok, err := s.RevokeToken(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Token %s (%s) of %s revoked.\n", tok.ID,
				tok.Name, tok.Username)
			return err
		},
	}
	rf.dbFlags.add(revoke)
	cmd.AddCommand(add, list, revoke)
	return cmd
}

func newAccessLogCmd() *cobra.Command {
	var f listFlags
	var user, action, object string
	cmd := &cobra.Command{
		Use:   "access-log",
		Short: "Who saw what, when: logins and views of claims, payments and files",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAccessLog(cmd, &f, store.AccessQuery{Username: user, Action: action,
				ObjectID: object})
		},
	}
	f.add(cmd, "", flagConnection)
	fl := cmd.Flags()
	fl.StringVar(&user, "user", "", "only this user")
	fl.StringVar(&action, "action", "", "only this action: "+strings.Join(store.Actions(), ", "))
	fl.StringVar(&object, "object", "", "only this claim, payment or file ID")
	return cmd
}

// runAccessLog prints the entries q and the shared flags select, newest
// first.
func runAccessLog(cmd *cobra.Command, f *listFlags, q store.AccessQuery) error {
	ctx := cmd.Context()
	if q.Action != "" && !slices.Contains(store.Actions(), q.Action) {
		return fmt.Errorf("--action %q: give one of %s", q.Action,
			strings.Join(store.Actions(), ", "))
	}
	offset, limit, err := f.window()
	if err != nil {
		return err
	}
	if q.Since, err = f.sinceTime(timeNow()); err != nil {
		return err
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()

	// The log pages by time; the window is cut from the pages it spans.
	var entries []store.Access
	q.Limit = 1000
	for len(entries) < offset+limit {
		page, err := s.ListAccess(ctx, q)
		if err != nil {
			return err
		}
		entries = append(entries, page.Entries...)
		if page.Next == "" {
			break
		}
		q.Before = page.Next
	}
	entries = pageOf(entries, offset, limit)
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, store.AccessPage{Entries: entries})
	}
	t := newTable("WHEN", "USER", "VIA", "ACTION", "OBJECT", "FROM", "DETAIL")
	for _, a := range entries {
		obj := strings.TrimSpace(a.ObjectKind + " " + a.ObjectID)
		t.add(present.DateTime(a.At), a.Username, a.Via, a.Action, obj, a.RemoteAddr,
			a.Detail)
	}
	return t.print(out)
}
