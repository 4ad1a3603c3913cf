"""Applications for disclosure (依申请公开, Art. 27-45 of the Regulations): the cases, their
clock, the actions that move them, and the reconsideration/litigation register."""
