# mx: the EHLO/HELO name must look like a domain or an address literal (it goes into Received:); 501 5.5.4 otherwise
@args --mode mx
@config max_bad_commands = 100
S: 220 mx.example.org ESMTP zeromail
C: EHLO a;Mon,_1_Jan_2001
S^ 501 5.5.4 
C: HELO x"y
S^ 501 5.5.4 
C: EHLO <a@b>
S^ 501 5.5.4 
C: EHLO a,b
S^ 501 5.5.4 
C: EHLO grüße.example
S^ 501 5.5.4 
C: EHLO two words
S^ 501 5.5.4 
P: b'EHLO ' + b'a' * 300 + b'\r\n'
S^ 501 5.5.4 
C: HELO [192.0.2.1]
S: 250 2.0.0 mx.example.org
C: HELO under_score.example
S: 250 2.0.0 mx.example.org
C: HELO xn--bcher-kva.example
S: 250 2.0.0 mx.example.org
C: QUIT
S^ 221 
