# mx: max_bad_commands: a MAIL refused for its SIZE (552) is a 5xx refusal and counts like the others
@args --mode mx
@config max_bad_commands = 3
@config max_message_size = 64k
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example> SIZE=99999999
S^ 552 5.3.4 
C: MAIL FROM:<a@remote.example> SIZE=99999999
S^ 552 5.3.4 
C: MAIL FROM:<a@remote.example> SIZE=99999999
S^ 552 5.3.4 
S^ 421 4.7.0 
C: NOOP
