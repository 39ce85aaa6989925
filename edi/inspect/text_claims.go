package inspect

func (p *printer) submission(s *Submission) {
	c := s.Counts
	p.line(3, "%s, %s, %s", count(c.Claims, "claim"), count(c.Lines, "service line"),
		count(c.Segments, "segment"))
	if len(s.Claims) == 0 {
		return
	}
	t := newTable("lrlrl")
	t.row(0, "Claim", "Charge", "Frequency", "Lines", "Payer")
	for _, cl := range s.Claims {
		t.row(0, orNone(cl.PatientControlNumber), amount(cl.Charge), orNone(cl.Frequency),
			itoa(cl.Lines), orNone(cl.PayerID))
	}
	p.table(3, t)
}
